// ---- kernel0: r1:cccc
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
  %bp3 = llvm.getelementptr %bufs[3] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr3 = llvm.load %bp3 : !llvm.ptr -> !llvm.ptr
  %v10 = llvm.getelementptr %geo[10] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride3 = llvm.load %v10 : !llvm.ptr -> i64
  %v11 = llvm.getelementptr %geo[11] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride3_0 = llvm.load %v11 : !llvm.ptr -> i64
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
    %tb3 = arith.muli %tstart, %istride3 : i64
    %ob3_0 = arith.muli %i0, %ostride3_0 : i64
    %base3_0 = arith.addi %tb3, %ob3_0 : i64
    %base3 = arith.addi %base3_0, %c0 : i64
    %v12 = arith.constant 0x3727C5AC : f32
    %v14 = arith.sitofp %len_all : i64 to f32
    %v15 = arith.constant 0x3F800000 : f32
    %v13 = arith.divf %v15, %v14 : f32
    %v16 = arith.constant 0x3F800000 : f32
    %v17 = arith.constant 0x00000000 : f32
    %v18 = vector.broadcast %v17 : f32 to vector<64xf32>
    %v20:1 = scf.for %v19 = %c0 to %vend64 step %cw64 iter_args(%v19_acc0 = %v18) -> (vector<64xf32>) : i64 {
      %v22 = arith.addi %base0, %v19 : i64
      %v23 = llvm.getelementptr %ptr0[%v22] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v21 = llvm.load %v23 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v24 = arith.addf %v19_acc0, %v21 fastmath<contract> : vector<64xf32>
      scf.yield %v24 : vector<64xf32>
    }
    %v25 = vector.reduction <add>, %v20#0 : vector<64xf32> into f32
    %v26 = arith.addf %v17, %v25 : f32
    %v27 = vector.broadcast %v17 : f32 to vector<16xf32>
    %v29:1 = scf.for %v28 = %vend64 to %vend16 step %cw16 iter_args(%v28_acc0 = %v27) -> (vector<16xf32>) : i64 {
      %v31 = arith.addi %base0, %v28 : i64
      %v32 = llvm.getelementptr %ptr0[%v31] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v30 = llvm.load %v32 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v33 = arith.addf %v28_acc0, %v30 fastmath<contract> : vector<16xf32>
      scf.yield %v33 : vector<16xf32>
    }
    %v34 = vector.reduction <add>, %v29#0 : vector<16xf32> into f32
    %v35 = arith.addf %v26, %v34 : f32
    %v37:1 = scf.for %v36 = %vend16 to %len step %c1 iter_args(%v36_acc0 = %v35) -> (f32) : i64 {
      %v39 = arith.addi %base0, %v36 : i64
      %v40 = llvm.getelementptr %ptr0[%v39] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v38 = llvm.load %v40 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v41 = arith.addf %v36_acc0, %v38 fastmath<contract> : f32
      scf.yield %v41 : f32
    }
    %v42 = arith.mulf %v37#0, %v13 fastmath<contract> : f32
    %v43 = arith.constant 0x00000000 : f32
    %v44 = vector.broadcast %v43 : f32 to vector<64xf32>
    %v46:1 = scf.for %v45 = %c0 to %vend64 step %cw64 iter_args(%v45_acc0 = %v44) -> (vector<64xf32>) : i64 {
      %v48 = arith.addi %base0, %v45 : i64
      %v49 = llvm.getelementptr %ptr0[%v48] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v47 = llvm.load %v49 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v50 = vector.broadcast %v42 : f32 to vector<64xf32>
      %v51 = arith.subf %v47, %v50 fastmath<contract> : vector<64xf32>
      %v52 = arith.mulf %v51, %v51 fastmath<contract> : vector<64xf32>
      %v53 = arith.addf %v45_acc0, %v52 fastmath<contract> : vector<64xf32>
      scf.yield %v53 : vector<64xf32>
    }
    %v54 = vector.reduction <add>, %v46#0 : vector<64xf32> into f32
    %v55 = arith.addf %v43, %v54 : f32
    %v56 = vector.broadcast %v43 : f32 to vector<16xf32>
    %v58:1 = scf.for %v57 = %vend64 to %vend16 step %cw16 iter_args(%v57_acc0 = %v56) -> (vector<16xf32>) : i64 {
      %v60 = arith.addi %base0, %v57 : i64
      %v61 = llvm.getelementptr %ptr0[%v60] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v59 = llvm.load %v61 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v62 = vector.broadcast %v42 : f32 to vector<16xf32>
      %v63 = arith.subf %v59, %v62 fastmath<contract> : vector<16xf32>
      %v64 = arith.mulf %v63, %v63 fastmath<contract> : vector<16xf32>
      %v65 = arith.addf %v57_acc0, %v64 fastmath<contract> : vector<16xf32>
      scf.yield %v65 : vector<16xf32>
    }
    %v66 = vector.reduction <add>, %v58#0 : vector<16xf32> into f32
    %v67 = arith.addf %v55, %v66 : f32
    %v69:1 = scf.for %v68 = %vend16 to %len step %c1 iter_args(%v68_acc0 = %v67) -> (f32) : i64 {
      %v71 = arith.addi %base0, %v68 : i64
      %v72 = llvm.getelementptr %ptr0[%v71] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v70 = llvm.load %v72 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v73 = arith.subf %v70, %v42 fastmath<contract> : f32
      %v74 = arith.mulf %v73, %v73 fastmath<contract> : f32
      %v75 = arith.addf %v68_acc0, %v74 fastmath<contract> : f32
      scf.yield %v75 : f32
    }
    %v76 = arith.mulf %v69#0, %v13 fastmath<contract> : f32
    %v77 = arith.addf %v76, %v12 fastmath<contract> : f32
    %v78 = math.sqrt %v77 : f32
    %v79 = arith.divf %v16, %v78 : f32
    scf.for %v80 = %c0 to %vend16 step %cw16 : i64 {
      %v83 = arith.addi %base0, %v80 : i64
      %v84 = llvm.getelementptr %ptr0[%v83] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v82 = llvm.load %v84 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v85 = vector.broadcast %v42 : f32 to vector<16xf32>
      %v86 = arith.subf %v82, %v85 fastmath<contract> : vector<16xf32>
      %v87 = vector.broadcast %v79 : f32 to vector<16xf32>
      %v88 = arith.mulf %v86, %v87 fastmath<contract> : vector<16xf32>
      %v90 = arith.addi %base1, %v80 : i64
      %v91 = llvm.getelementptr %ptr1[%v90] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v89 = llvm.load %v91 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v92 = arith.mulf %v88, %v89 fastmath<contract> : vector<16xf32>
      %v94 = arith.addi %base2, %v80 : i64
      %v95 = llvm.getelementptr %ptr2[%v94] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v93 = llvm.load %v95 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v96 = arith.addf %v92, %v93 fastmath<contract> : vector<16xf32>
      %v97 = arith.addi %base3, %v80 : i64
      %v98 = llvm.getelementptr %ptr3[%v97] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v96, %v98 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    scf.for %v99 = %vend16 to %len step %c1 : i64 {
      %v102 = arith.addi %base0, %v99 : i64
      %v103 = llvm.getelementptr %ptr0[%v102] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v101 = llvm.load %v103 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v104 = arith.subf %v101, %v42 fastmath<contract> : f32
      %v105 = arith.mulf %v104, %v79 fastmath<contract> : f32
      %v107 = arith.addi %base1, %v99 : i64
      %v108 = llvm.getelementptr %ptr1[%v107] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v106 = llvm.load %v108 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v109 = arith.mulf %v105, %v106 fastmath<contract> : f32
      %v111 = arith.addi %base2, %v99 : i64
      %v112 = llvm.getelementptr %ptr2[%v111] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v110 = llvm.load %v112 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v113 = arith.addf %v109, %v110 fastmath<contract> : f32
      %v114 = arith.addi %base3, %v99 : i64
      %v115 = llvm.getelementptr %ptr3[%v114] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v113, %v115 {alignment = 4 : i64} : f32, !llvm.ptr
    }
  }
  return
}
