// ---- kernel0: r1:ccc
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %size0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v4 : !llvm.ptr -> i64
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride0_0 = llvm.load %v5 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v6 = llvm.getelementptr %geo[6] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v6 : !llvm.ptr -> i64
  %v7 = llvm.getelementptr %geo[7] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride1_0 = llvm.load %v7 : !llvm.ptr -> i64
  %bp2 = llvm.getelementptr %bufs[2] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr2 = llvm.load %bp2 : !llvm.ptr -> !llvm.ptr
  %v8 = llvm.getelementptr %geo[8] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride2 = llvm.load %v8 : !llvm.ptr -> i64
  %v9 = llvm.getelementptr %geo[9] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride2_0 = llvm.load %v9 : !llvm.ptr -> i64
  scf.for %row = %begin to %end step %c1 : i64 {
    %t = arith.remsi %row, %tiles : i64
    %r1 = arith.divsi %row, %tiles : i64
    %i0 = arith.remsi %r1, %size0 : i64
    %r0 = arith.divsi %r1, %size0 : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %ob0_0 = arith.muli %i0, %ostride0_0 : i64
    %base0_0 = arith.addi %tb0, %ob0_0 : i64
    %base0 = arith.addi %base0_0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %ob1_0 = arith.muli %i0, %ostride1_0 : i64
    %base1_0 = arith.addi %tb1, %ob1_0 : i64
    %base1 = arith.addi %base1_0, %c0 : i64
    %tb2 = arith.muli %tstart, %istride2 : i64
    %ob2_0 = arith.muli %i0, %ostride2_0 : i64
    %base2_0 = arith.addi %tb2, %ob2_0 : i64
    %base2 = arith.addi %base2_0, %c0 : i64
    %v10 = arith.constant 0xFF800000 : f32
    %v11 = vector.broadcast %v10 : f32 to vector<64xf32>
    %v13:1 = scf.for %v12 = %c0 to %vend64 step %cw64 iter_args(%v12_acc0 = %v11) -> (vector<64xf32>) : i64 {
      %v15 = arith.addi %base0, %v12 : i64
      %v16 = llvm.getelementptr %ptr0[%v15] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v14 = llvm.load %v16 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v18 = arith.addi %base1, %v12 : i64
      %v19 = llvm.getelementptr %ptr1[%v18] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v17 = llvm.load %v19 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v20 = arith.mulf %v14, %v17 fastmath<contract> : vector<64xf32>
      %v22 = arith.cmpf ogt, %v20, %v12_acc0 : vector<64xf32>
      %v23 = arith.select %v22, %v20, %v12_acc0 : vector<64xi1>, vector<64xf32>
      %v24 = arith.cmpf uno, %v20, %v20 : vector<64xf32>
      %v21 = arith.select %v24, %v20, %v23 : vector<64xi1>, vector<64xf32>
      scf.yield %v21 : vector<64xf32>
    }
    %v25 = vector.reduction <maximumf>, %v13#0 : vector<64xf32> into f32
    %v26 = arith.maximumf %v10, %v25 : f32
    %v27 = vector.broadcast %v10 : f32 to vector<16xf32>
    %v29:1 = scf.for %v28 = %vend64 to %vend16 step %cw16 iter_args(%v28_acc0 = %v27) -> (vector<16xf32>) : i64 {
      %v31 = arith.addi %base0, %v28 : i64
      %v32 = llvm.getelementptr %ptr0[%v31] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v30 = llvm.load %v32 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v34 = arith.addi %base1, %v28 : i64
      %v35 = llvm.getelementptr %ptr1[%v34] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v33 = llvm.load %v35 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v36 = arith.mulf %v30, %v33 fastmath<contract> : vector<16xf32>
      %v38 = arith.cmpf ogt, %v36, %v28_acc0 : vector<16xf32>
      %v39 = arith.select %v38, %v36, %v28_acc0 : vector<16xi1>, vector<16xf32>
      %v40 = arith.cmpf uno, %v36, %v36 : vector<16xf32>
      %v37 = arith.select %v40, %v36, %v39 : vector<16xi1>, vector<16xf32>
      scf.yield %v37 : vector<16xf32>
    }
    %v41 = vector.reduction <maximumf>, %v29#0 : vector<16xf32> into f32
    %v42 = arith.maximumf %v26, %v41 : f32
    %v44:1 = scf.for %v43 = %vend16 to %len step %c1 iter_args(%v43_acc0 = %v42) -> (f32) : i64 {
      %v46 = arith.addi %base0, %v43 : i64
      %v47 = llvm.getelementptr %ptr0[%v46] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v45 = llvm.load %v47 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v49 = arith.addi %base1, %v43 : i64
      %v50 = llvm.getelementptr %ptr1[%v49] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v48 = llvm.load %v50 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v51 = arith.mulf %v45, %v48 fastmath<contract> : f32
      %v53 = arith.cmpf ogt, %v51, %v43_acc0 : f32
      %v54 = arith.select %v53, %v51, %v43_acc0 : f32
      %v55 = arith.cmpf uno, %v51, %v51 : f32
      %v52 = arith.select %v55, %v51, %v54 : f32
      scf.yield %v52 : f32
    }
    %v56 = arith.constant 0x00000000 : f32
    %v57 = vector.broadcast %v56 : f32 to vector<64xf32>
    %v59:1 = scf.for %v58 = %c0 to %vend64 step %cw64 iter_args(%v58_acc0 = %v57) -> (vector<64xf32>) : i64 {
      %v61 = arith.addi %base0, %v58 : i64
      %v62 = llvm.getelementptr %ptr0[%v61] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v60 = llvm.load %v62 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v64 = arith.addi %base1, %v58 : i64
      %v65 = llvm.getelementptr %ptr1[%v64] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v63 = llvm.load %v65 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v66 = arith.mulf %v60, %v63 fastmath<contract> : vector<64xf32>
      %v67 = vector.broadcast %v44#0 : f32 to vector<64xf32>
      %v68 = arith.subf %v66, %v67 fastmath<contract> : vector<64xf32>
      %v69 = math.exp %v68 : vector<64xf32>
      %v70 = arith.addf %v58_acc0, %v69 fastmath<contract> : vector<64xf32>
      %v71 = arith.addi %base2, %v58 : i64
      %v72 = llvm.getelementptr %ptr2[%v71] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v69, %v72 {alignment = 4 : i64} : vector<64xf32>, !llvm.ptr
      scf.yield %v70 : vector<64xf32>
    }
    %v73 = vector.reduction <add>, %v59#0 fastmath<reassoc> : vector<64xf32> into f32
    %v74 = arith.addf %v56, %v73 : f32
    %v75 = vector.broadcast %v56 : f32 to vector<16xf32>
    %v77:1 = scf.for %v76 = %vend64 to %vend16 step %cw16 iter_args(%v76_acc0 = %v75) -> (vector<16xf32>) : i64 {
      %v79 = arith.addi %base0, %v76 : i64
      %v80 = llvm.getelementptr %ptr0[%v79] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v78 = llvm.load %v80 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v82 = arith.addi %base1, %v76 : i64
      %v83 = llvm.getelementptr %ptr1[%v82] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v81 = llvm.load %v83 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v84 = arith.mulf %v78, %v81 fastmath<contract> : vector<16xf32>
      %v85 = vector.broadcast %v44#0 : f32 to vector<16xf32>
      %v86 = arith.subf %v84, %v85 fastmath<contract> : vector<16xf32>
      %v87 = math.exp %v86 : vector<16xf32>
      %v88 = arith.addf %v76_acc0, %v87 fastmath<contract> : vector<16xf32>
      %v89 = arith.addi %base2, %v76 : i64
      %v90 = llvm.getelementptr %ptr2[%v89] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v87, %v90 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
      scf.yield %v88 : vector<16xf32>
    }
    %v91 = vector.reduction <add>, %v77#0 : vector<16xf32> into f32
    %v92 = arith.addf %v74, %v91 : f32
    %v94:1 = scf.for %v93 = %vend16 to %len step %c1 iter_args(%v93_acc0 = %v92) -> (f32) : i64 {
      %v96 = arith.addi %base0, %v93 : i64
      %v97 = llvm.getelementptr %ptr0[%v96] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v95 = llvm.load %v97 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v99 = arith.addi %base1, %v93 : i64
      %v100 = llvm.getelementptr %ptr1[%v99] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v98 = llvm.load %v100 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v101 = arith.mulf %v95, %v98 fastmath<contract> : f32
      %v102 = arith.subf %v101, %v44#0 fastmath<contract> : f32
      %v103 = math.exp %v102 : f32
      %v104 = arith.addf %v93_acc0, %v103 fastmath<contract> : f32
      %v105 = arith.addi %base2, %v93 : i64
      %v106 = llvm.getelementptr %ptr2[%v105] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v103, %v106 {alignment = 4 : i64} : f32, !llvm.ptr
      scf.yield %v104 : f32
    }
    scf.for %v107 = %c0 to %vend16 step %cw16 : i64 {
      %v109 = arith.addi %base2, %v107 : i64
      %v110 = llvm.getelementptr %ptr2[%v109] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v111 = llvm.load %v110 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v112 = vector.broadcast %v94#0 : f32 to vector<16xf32>
      %v114 = arith.constant 0x3F800000 : f32
      %v115 = arith.divf %v114, %v94#0 : f32
      %v116 = vector.broadcast %v115 : f32 to vector<16xf32>
      %v113 = arith.mulf %v111, %v116 : vector<16xf32>
      %v117 = arith.addi %base2, %v107 : i64
      %v118 = llvm.getelementptr %ptr2[%v117] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v113, %v118 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    scf.for %v119 = %vend16 to %len step %c1 : i64 {
      %v121 = arith.addi %base2, %v119 : i64
      %v122 = llvm.getelementptr %ptr2[%v121] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v123 = llvm.load %v122 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v124 = arith.divf %v123, %v94#0 : f32
      %v125 = arith.addi %base2, %v119 : i64
      %v126 = llvm.getelementptr %ptr2[%v125] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v124, %v126 {alignment = 4 : i64} : f32, !llvm.ptr
    }
  }
  return
}
